/** The published base paths the sandbox Publishing API knows, with their content ids. */
export const CONTENT_IDS_BY_BASE_PATH: Readonly<Record<string, string>> = {
  '/': 'f3bbdec2-0e62-4520-a7fd-6ffd5d36e03a',
  '/government/organisations': 'fde62e52-dfb6-42ae-b336-2c4faf068101',
  '/search/all': 'dd395436-9b40-41f3-8157-740a453ac972',
};
