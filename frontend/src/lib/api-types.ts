/** A cursor-paginated list as the API returns it; `next`/`previous` are full URLs. */
export interface Page<T> {
  next: string | null;
  previous: string | null;
  results: T[];
}
