/** A key-cap badge showing a shortcut, e.g. <Kbd>F1</Kbd>. */
export function Kbd({ children, onDark = false }: { children: string; onDark?: boolean }) {
  return <kbd className={`cs-kbd${onDark ? ' cs-kbd-on-dark' : ''}`}>{children}</kbd>;
}
