// Whether the window is phone-narrow, so the navigation starts collapsed there (the same width as app.css's phone rules).
export const isNarrow = () => window.matchMedia('(max-width: 720px)').matches;
