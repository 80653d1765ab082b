#!/usr/bin/env node
// Reports exports no other file imports (issue 15 item 8): an export used only in its own file
// should not be exported, and one used nowhere should not exist. Parsing only (no type check), so
// it runs in about a second: every import, re-export and dynamic import of the repository's own
// files is collected and matched against the named exports of plugins/, server/, src/, tests/support/.
// Default exports are left alone (Docusaurus and vitest load them by convention).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// fileURLToPath rather than import.meta.dirname: engines allows Node 20.10, which lacks it.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHECKED = /^(plugins|server|src|tests\/support)\//;
/** Files whose named exports are a contract with a tool, not with our imports. */
const ENTRY_POINTS = [
  /\.setup\.ts$/, // vitest globalSetup: setup/teardown
  /^plugins\/portico\/index\.ts$/, // Docusaurus plugin: validateOptions
  /\.d\.ts$/,
];

const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.tsx', '*.mts', '*.mjs', '*.js'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && !file.startsWith('tests/fixtures/') && existsSync(path.join(ROOT, file)));

/** exported name → where it is declared, per file */
const exported = new Map();
/** file → names imported from it by other files ('*' for all) */
const used = new Map();

const markUsed = (file, name) => {
  if (!used.has(file)) used.set(file, new Set());
  used.get(file).add(name);
};

const CANDIDATES = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.tsx'];
function resolve(from, specifier) {
  let base;
  if (specifier.startsWith('.')) base = path.join(path.dirname(from), specifier);
  else if (specifier.startsWith('@site/')) base = specifier.slice('@site/'.length);
  else {
    const theme = /^@theme(?:-original)?\/(.+)$/.exec(specifier);
    if (!theme) return [];
    base = `src/theme/${theme[1]}`;
    return [
      ...resolve(from, `./${path.relative(path.dirname(from), base)}`),
      ...resolve(from, `./${path.relative(path.dirname(from), `plugins/portico/theme/${theme[1]}`)}`),
    ];
  }
  const stripped = base.replace(/\.js$/, '');
  for (const candidate of [...CANDIDATES.map((suffix) => base + suffix), ...CANDIDATES.map((suffix) => stripped + suffix)]) {
    if (existsSync(path.join(ROOT, candidate)) && /\.(m?[tj]sx?)$/.test(candidate)) return [path.normalize(candidate)];
  }
  return [];
}

const isExported = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export && !(ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Default);

function collect(file) {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const names = new Map();
  const declare = (name, node) => names.set(name, source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      for (const target of resolve(file, node.moduleSpecifier.text)) {
        const bindings = node.importClause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) markUsed(target, '*');
        else if (bindings) for (const element of bindings.elements) markUsed(target, (element.propertyName ?? element.name).text);
      }
    } else if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        for (const target of resolve(file, node.moduleSpecifier.text)) {
          if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) markUsed(target, '*');
          else for (const element of node.exportClause.elements) markUsed(target, (element.propertyName ?? element.name).text);
        }
      } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) declare(element.name.text, element);
      }
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      for (const target of resolve(file, node.arguments[0].text)) markUsed(target, '*');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      for (const target of resolve(file, node.argument.literal.text))
        markUsed(target, node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : '*');
    } else if (node.parent === source && isExported(node)) {
      if (ts.isVariableStatement(node))
        for (const declaration of node.declarationList.declarations) ts.isIdentifier(declaration.name) && declare(declaration.name.text, declaration);
      else if (node.name && ts.isIdentifier(node.name)) declare(node.name.text, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (CHECKED.test(file) && !ENTRY_POINTS.some((pattern) => pattern.test(file))) exported.set(file, names);
}

for (const file of files) collect(file);

const unused = [];
for (const [file, names] of exported) {
  const imported = used.get(file) ?? new Set();
  if (imported.has('*')) continue;
  for (const [name, line] of names) if (!imported.has(name)) unused.push(`${file}:${line} ${name}`);
}
if (unused.length > 0) {
  console.error(`Exported but imported by no other file (un-export or delete):\n${unused.map((entry) => `  ${entry}`).join('\n')}`);
  process.exit(1);
}
console.log(`unused exports: none (${exported.size} files checked)`);
