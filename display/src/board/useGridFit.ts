import { useLayoutEffect, useRef, useState } from 'react';

/**
 * Picks the column count that makes `count` tiles of about `aspect` (width / height) as large as possible in
 * the element's box with few empty cells, re-measured on resize. Tiles size their own text with container-query units, so a
 * zone screen with three windows gets three huge tiles and the whole hall gets a dense 4 × 4 board.
 */
export function bestColumns(count: number, width: number, height: number, aspect: number): number {
  if (count <= 0 || width <= 0 || height <= 0) return 1;
  let best = 1;
  let bestScore = -1;
  for (let cols = 1; cols <= count; cols += 1) {
    const rows = Math.ceil(count / cols);
    const tileW = width / cols;
    const tileH = height / rows;
    // Tile size, discounted by the share of empty cells (a 4 × 2 board for 7 windows beats 3 × 3).
    const scale = Math.min(tileW / aspect, tileH) * (count / (cols * rows));
    if (scale > bestScore * 1.0001) {
      best = cols;
      bestScore = scale;
    }
  }
  return best;
}

export function useGridFit<T extends HTMLElement>(
  count: number,
  aspect: number,
): { ref: React.RefObject<T | null>; cols: number; rows: number } {
  const ref = useRef<T | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const cols = bestColumns(count, size.width, size.height, aspect);
  return { ref, cols, rows: Math.max(1, Math.ceil(count / cols)) };
}
