import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartPoint {
  name: string;
  value: number;
}

/**
 * Figures as a bar chart (recharts). The chart is a picture for sighted readers: the screen shows
 * the same figures in a table beside it, which is what assistive technology (and a test) reads.
 */
export function BarChartFigure({ label, data, valueLabel, height, horizontal = false }: {
  label: string;
  data: readonly ChartPoint[];
  /** what a bar counts, for the tooltip */
  valueLabel: string;
  height?: number;
  /** bars from the left, names down the side: for many or long names */
  horizontal?: boolean;
}) {
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height ?? (horizontal ? 40 + 24 * data.length : 220)}>
        <BarChart data={data as ChartPoint[]} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ top: 8, right: 8, bottom: 0, left: horizontal ? 8 : -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={horizontal} horizontal={!horizontal} />
          {horizontal ? <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} /> : <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />}
          {horizontal ? <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12 }} interval={0} /> : <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />}
          <Tooltip formatter={(value) => [value, valueLabel]} />
          <Bar dataKey="value" name={valueLabel} fill="#2f63dc" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface ChartSeries {
  /** the data's key */
  key: string;
  name: string;
  color: string;
  /** bars with the same stack sit on top of each other */
  stack?: string;
}

/**
 * Several series over the same categories as bars (side by side, or stacked where they share a
 * `stack`), and optionally a share (0–1) as a line on a second axis in %. Like `BarChartFigure`,
 * a picture beside a table that holds the same figures.
 */
export function SeriesChartFigure({ label, data, categoryKey, series, share, height = 260 }: {
  label: string;
  data: readonly Record<string, string | number | null>[];
  categoryKey: string;
  series: readonly ChartSeries[];
  share?: { key: string; name: string; color: string };
  height?: number;
}) {
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data as Record<string, string | number | null>[]} margin={{ top: 8, right: share ? 0 : 8, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={categoryKey} tick={{ fontSize: 12 }} interval={0} />
          <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 12 }} />
          {share && <YAxis yAxisId="share" orientation="right" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 12 }} />}
          <Tooltip formatter={(value, name) => (share && name === share.name && typeof value === 'number' ? [`${Math.round(value * 1000) / 10}%`, name] : [value, name])} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Bar key={s.key} yAxisId="count" dataKey={s.key} name={s.name} fill={s.color} stackId={s.stack} isAnimationActive={false} />
          ))}
          {share && <Line yAxisId="share" type="monotone" dataKey={share.key} name={share.name} stroke={share.color} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
