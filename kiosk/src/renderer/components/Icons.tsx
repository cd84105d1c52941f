/** Line icons drawn for the kiosk (no icon font, no network): 24×24 grid, stroke = currentColor. */
import type { ReactNode } from 'react';

function Svg({ children, size = 48 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

export const IconTicket = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M3 8a2 2 0 0 0 2-2h14a2 2 0 0 0 2 2v2a2 2 0 0 0 0 4v2a2 2 0 0 0-2 2H5a2 2 0 0 0-2-2v-2a2 2 0 0 0 0-4z" />
    <path d="M9 6v12" strokeDasharray="2 2" />
    <path d="M12.5 10h4M12.5 14h3" />
  </Svg>
);
export const IconCalendarCheck = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <rect x="3.5" y="5" width="17" height="15" rx="2" />
    <path d="M3.5 9.5h17M8 3v4M16 3v4" />
    <path d="m9 14.5 2 2 4-4" />
  </Svg>
);
export const IconBook = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3H20v15H6.5A2.5 2.5 0 0 0 4 20.5z" />
    <path d="M4 20.5A2.5 2.5 0 0 0 6.5 23H20v-5" />
    <path d="M8.5 7.5h7M8.5 11h5" />
  </Svg>
);
export const IconStar = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z" />
  </Svg>
);
export const IconElder = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="11" cy="4.5" r="2" />
    <path d="M11 7.5c-2 0-3 1.5-3 3.5v3l-2 7M11 7.5l1 6 3 2 1 5.5M12 11l3 1.5" />
    <path d="M17 13v9" />
  </Svg>
);
export const IconHelp = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="12" cy="8" r="3.5" />
    <path d="M5 21v-1.5A5.5 5.5 0 0 1 10.5 14h3a5.5 5.5 0 0 1 5.5 5.5V21" />
    <path d="M17.5 4.5a4 4 0 0 1 1 5.5M19.8 2.8a7 7 0 0 1 1.4 9" />
  </Svg>
);
export const IconSearch = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="10.5" cy="10.5" r="6.5" />
    <path d="m15.5 15.5 5 5" />
  </Svg>
);
export const IconBack = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M15 5 8 12l7 7" />
  </Svg>
);
export const IconHome = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M3.5 11 12 4l8.5 7" />
    <path d="M6 9.5V20h12V9.5" />
    <path d="M10 20v-5h4v5" />
  </Svg>
);
export const IconPrinter = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M7 9V3.5h10V9" />
    <rect x="3.5" y="9" width="17" height="8" rx="2" />
    <path d="M7 14h10v6.5H7z" />
  </Svg>
);
export const IconIdCard = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <rect x="2.5" y="5" width="19" height="14" rx="2" />
    <circle cx="8.5" cy="11" r="2.2" />
    <path d="M5.5 16c.5-1.5 1.6-2.2 3-2.2s2.5.7 3 2.2M14 10h5M14 13h4" />
  </Svg>
);
export const IconLayers = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="m12 3 9 5-9 5-9-5z" />
    <path d="m3 13 9 5 9-5" />
  </Svg>
);
export const IconGrid = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <rect x="3.5" y="3.5" width="7" height="7" rx="1.5" />
    <rect x="13.5" y="3.5" width="7" height="7" rx="1.5" />
    <rect x="3.5" y="13.5" width="7" height="7" rx="1.5" />
    <rect x="13.5" y="13.5" width="7" height="7" rx="1.5" />
  </Svg>
);
export const IconCheck = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="m8 12.5 2.8 2.8L16.5 9.5" />
  </Svg>
);
export const IconAlert = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M12 3.5 2.5 20h19z" />
    <path d="M12 10v4.5M12 17.5v.2" />
  </Svg>
);
export const IconBuilding = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M3 21h18M5 21V9.5L12 5l7 4.5V21" />
    <path d="M9 21v-7h6v7M8.5 11h.01M15.5 11h.01" />
    <path d="M12 2v3" />
  </Svg>
);
/** Five neutral faces for the rating levels: the mouth curves with the level; same size and weight for all. */
export function IconFace({ level, size }: { level: 1 | 2 | 3 | 4 | 5; size?: number }) {
  const mouth = {
    5: 'M7.5 14c1.2 2.6 7.8 2.6 9 0',
    4: 'M8 14.5c1.3 1.5 6.7 1.5 8 0',
    3: 'M8.5 15h7',
    2: 'M8 16c1.3-1.5 6.7-1.5 8 0',
    1: 'M7.5 17c1.2-2.6 7.8-2.6 9 0',
  }[level];
  return (
    <Svg size={size}>
      <circle cx="12" cy="12" r="9.5" />
      <path d="M9 9.5v1M15 9.5v1" strokeWidth={2.4} />
      <path d={mouth} />
    </Svg>
  );
}
/** 绿色通道: a heart held in an open hand. */
export const IconPriority = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M12 12.5s-4-2.4-4-5.1A2.2 2.2 0 0 1 12 6.2a2.2 2.2 0 0 1 4 1.2c0 2.7-4 5.1-4 5.1z" />
    <path d="M3 14.5h3.2l3.3 2.2h4.2a1.3 1.3 0 0 1 0 2.6H10" />
    <path d="M13.5 19.3l5.6-2.6a1.4 1.4 0 0 1 1.4 2.3L15 22H7.5L3 20" />
  </Svg>
);
