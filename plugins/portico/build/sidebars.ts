import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageElsewhere } from './pages/sidebar-part.ts';

/**
 * An API's operations are its table of contents, so its sidebar opens every tag (the docs plugin's
 * `sidebarCollapsed: false`) — up to this many operations. Beyond, tags start closed (the current
 * page's tag still opens): every page's HTML holds its whole open sidebar, and GitHub's 845
 * operations made each of its 1,097 pages 460 KB of links and its build 8.5 GiB (bench/README.md).
 */
const OPEN_SIDEBAR_LIMIT = 100;

const SIDEBAR_PART_MODULE = fileURLToPath(new URL('./pages/sidebar-part.ts', import.meta.url));

interface SidebarOf {
  /** The API's folder in the docs root (where the generator wrote its sidebar.ts). */
  dir: string;
  /** All the API's operations, whatever part this build holds. */
  operations: number;
  /** When the API is built in parts: its pages built by the other parts (api-parts.ts). */
  elsewhere?: Record<string, PageElsewhere>;
}

/** One sidebar per API, named after its folder, from the sidebar.ts the generator wrote. */
export async function writeSidebars(docsRoot: string, apis: SidebarOf[], fileName = 'sidebars.ts'): Promise<string> {
  const file = path.join(docsRoot, fileName);
  const imports = apis.map(({ dir }, index) => `import sidebar${index} from './${dir}/sidebar';`);
  if (apis.some((api) => api.elsewhere)) imports.push(`import { sidebarPart } from ${JSON.stringify(SIDEBAR_PART_MODULE)};`);
  const entries = apis.map(({ dir, operations, elsewhere }, index) => {
    const whole = `sidebar${index}`;
    const part = elsewhere ? `sidebarPart(${whole}, ${JSON.stringify(elsewhere)})` : whole;
    return `  ${JSON.stringify(dir)}: ${operations > OPEN_SIDEBAR_LIMIT ? `closed(${part})` : part},`;
  });
  const closed = 'const closed = (items: { type: string }[]) => items.map((item) => (item.type === "category" ? { ...item, collapsed: true } : item));';
  await mkdir(docsRoot, { recursive: true });
  await writeFile(file, `${imports.join('\n')}\n\n${closed}\n\nexport default {\n${entries.join('\n')}\n};\n`);
  return file;
}
