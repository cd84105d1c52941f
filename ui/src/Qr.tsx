import { useMemo } from 'react';
import QRCode from 'qrcode';

/** A QR code as inline SVG (no canvas, no network). */
export function Qr({ value, size = 160, label }: { value: string; size?: number; label?: string }) {
  const path = useMemo(() => {
    const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    let d = '';
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(x, y)) d += `M${x + 2},${y + 2}h1v1h-1z`;
    return { d, n: n + 4 };
  }, [value]);
  return (
    <svg
      role="img"
      aria-label={label ?? value}
      width={size}
      height={size}
      viewBox={`0 0 ${path.n} ${path.n}`}
      shapeRendering="crispEdges"
      data-qr={value}
    >
      <rect width={path.n} height={path.n} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
