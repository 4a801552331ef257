/**
 * A horizontal bar chart drawn as SVG: one labelled bar per row, its value written beside it.
 * The figure is an image for assistive technology, named by its title and described by every
 * row's label and value, so the chart has a text alternative whatever a reader can see; the
 * colours keep at least 4.5:1 contrast on white.
 */
export interface Bar {
  label: string;
  value: number;
  /** The value as written (e.g. "75%", "3.5 h"). */
  text: string;
}

const LABEL_WIDTH = 190;
const BAR_WIDTH = 300;
const ROW = 26;

export function BarChart(props: { id: string; title: string; bars: Bar[]; caption?: string }) {
  const top = Math.max(1e-9, ...props.bars.map((b) => b.value));
  const height = props.bars.length * ROW + 8;
  const description = props.bars.map((b) => `${b.label}: ${b.text}`).join('; ');
  return (
    <figure class="chart" data-chart={props.id}>
      <svg
        viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 90} ${height}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{description}</desc>
        {props.bars.map((b, i) => {
          const y = i * ROW + 4;
          const w = Math.max(0, (BAR_WIDTH * b.value) / top);
          return (
            <g key={`${b.label}-${i}`}>
              <text x={LABEL_WIDTH - 8} y={y + 15} font-size="12" text-anchor="end" fill="#1b1f24">
                {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={w} height={ROW - 8} fill="#0b57a4" />
              <text x={LABEL_WIDTH + w + 6} y={y + 15} font-size="12" fill="#1b1f24">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
      {props.caption && <figcaption class="muted">{props.caption}</figcaption>}
    </figure>
  );
}
