/**
 * A chart.js chart as a React component: the canvas is created once, data and options are updated in place
 * (no flicker on live updates), and the chart is destroyed on unmount. Only the chart types the consoles use
 * are registered, to keep the bundle small. Animations are off: a supervisor screen updates live.
 */
import { useEffect, useRef } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
);
Chart.defaults.font.family = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif";
Chart.defaults.color = '#4a5566';
Chart.defaults.animation = false;

export function ChartCanvas<T extends ChartType>({
  config,
  height,
  testId,
  label,
}: {
  config: ChartConfiguration<T>;
  height: number;
  testId?: string;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const latest = useRef(config);
  useEffect(() => {
    latest.current = config;
  }, [config]);
  const type = config.type;
  // The chart is built once per type; later configs update it in place below.
  useEffect(() => {
    if (!canvas.current) return undefined;
    const c = latest.current;
    chart.current = new Chart(canvas.current, {
      ...c,
      type,
      options: { responsive: true, maintainAspectRatio: false, ...c.options },
    } as unknown as ChartConfiguration);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [type]);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data = config.data as Chart['data'];
    c.options = { responsive: true, maintainAspectRatio: false, ...config.options } as typeof c.options;
    c.update('none');
  }, [config]);
  return (
    <div style={{ position: 'relative', height }} data-testid={testId}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
