/** uPlot's columns: x in seconds since the epoch, then one array per series (null = no data). */
export type Columns = [number[], ...Array<Array<number | null>>];

/** Per series, whether it has a value with no neighbour (no line can show it, so it is drawn as a dot). */
export function lonePoints(data: Columns): boolean[] {
  return data.slice(1).map((ys) => ys.some((y, i) => y != null && ys[i - 1] == null && ys[i + 1] == null));
}
