/** The consoles' mark: a blue seal-like square with 政务 (not the national emblem, which has legal rules of use). */
export function HallMark({ size = 36 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" className="cs-mark">
      <rect x="1" y="1" width="38" height="38" rx="9" fill="#fff" />
      <rect x="4" y="4" width="32" height="32" rx="7" fill="none" stroke="#c8161d" strokeWidth="2" />
      <text
        x="20"
        y="20.5"
        textAnchor="middle"
        dominantBaseline="central"
        fontSize="13"
        fontWeight="700"
        fill="#c8161d"
        fontFamily="'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif"
      >
        政务
      </text>
    </svg>
  );
}
