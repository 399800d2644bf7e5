import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartPoint {
  name: string;
  value: number;
}

/**
 * Figures as a bar chart (recharts). The chart is a picture for sighted readers: the screen shows
 * the same figures in a table beside it, which is what assistive technology (and a test) reads.
 */
export function BarChartFigure({ label, data, valueLabel, height = 220 }: {
  label: string;
  data: readonly ChartPoint[];
  /** what a bar counts, for the tooltip */
  valueLabel: string;
  height?: number;
}) {
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data as ChartPoint[]} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => [value, valueLabel]} />
          <Bar dataKey="value" name={valueLabel} fill="#2f63dc" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
