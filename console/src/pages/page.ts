/** One console page: where it lives, who sees it, and how it draws itself into the main landmark. */
export interface Page {
  path: string;
  role: 'dpo' | 'privacy_officer' | 'team_lead';
  /** The heading (h1) and the window title. */
  title: string;
  /** The shorter name in the navigation. */
  nav: string;
  intro?: string;
  render(container: HTMLElement): Promise<void>;
}

/** Today as YYYY-MM-DD in the county's time zone. */
export function today(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(d);
}

export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
