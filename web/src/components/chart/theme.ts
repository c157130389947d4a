/** Colours of charts, matching the CSS custom properties of styles/base.css (canvas cannot read CSS). */
export const CHART_COLORS = ['#4f46e5', '#0ea5e9', '#14b8a6', '#f59e0b', '#ec4899', '#8b5cf6', '#64748b', '#22c55e'];
export const AXIS_COLOR = '#94a3b8';
export const GRID_LINE_COLOR = '#e2e8f0';
export const TEXT_COLOR = '#334155';
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif';
