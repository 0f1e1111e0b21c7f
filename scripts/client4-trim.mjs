// The page bundle's Client4 without the methods the widget never calls. Client4
// (@mattermost/client/lib/client4.js) is one class of 652 members, and a bundler never drops
// a class's members: all of them shipped, 14.7 KB gzip, for the 35 the widget calls. This
// esbuild plugin keeps the official code as it is and leaves out only the members that
// nothing kept can reach: from the list in src/data/client.ts (CLIENT4_CALLS) and whatever
// its subclass reaches through `this`/`super`, it follows `this.x` and `this['x']` through
// the kept code. Anything it cannot follow fails the build rather than ship a client with a
// method missing.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const CLASS_NAME = 'Client4';
const LIST_NAME = 'CLIENT4_CALLS';
/** The module that holds the list and the subclass. */
export const LIST_MODULE = fileURLToPath(new URL('../src/data/client.ts', import.meta.url));
const CLIENT4_MODULE = /[\\/]@mattermost[\\/]client[\\/]lib[\\/]client4\.js$/;

/** Why the trim refused: the build must stop, with this message. */
export class Client4TrimError extends Error {
  name = 'Client4TrimError';
}

const where = (node) => {
  const source = node.getSourceFile();
  const { line } = source.getLineAndCharacterOfPosition(node.getStart());
  return `${source.fileName}:${line + 1}`;
};

/**
 * The member names `node` reaches through `this.x`, `this['x']`, `super.x`. A `this` used any
 * other way (`this[name]`, `f(this)`, `const self = this`) could reach any member: refused.
 */
function memberReferences(node) {
  const names = new Set();
  const visit = (child) => {
    if (child.kind === ts.SyntaxKind.ThisKeyword || child.kind === ts.SyntaxKind.SuperKeyword) {
      const parent = child.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === child) {
        names.add(parent.name.text);
      } else if (ts.isElementAccessExpression(parent) && parent.expression === child) {
        const key = parent.argumentExpression;
        if (!ts.isStringLiteralLike(key) && !ts.isNumericLiteral(key)) {
          throw new Client4TrimError(
            `${where(parent)}: ${parent.getText()} names a member that cannot be known at build time`,
          );
        }
        names.add(key.text);
      } else if (!(child.kind === ts.SyntaxKind.SuperKeyword && ts.isCallExpression(parent))) {
        throw new Client4TrimError(
          `${where(child)}: \`${parent.getText().slice(0, 80)}\` hands \`this\` on, so the members it uses cannot be followed`,
        );
      }
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return names;
}

/** A member's name when it is written out; undefined for the constructor and computed names. */
function memberName(member) {
  const { name } = member;
  if (
    name &&
    (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))
  )
    return name.text;
  return undefined;
}

/** Methods, accessors and function-valued fields of instances: what may be left out. */
function isDroppable(member) {
  if (memberName(member) === undefined || ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) return false;
  if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member))
    return true;
  const value = ts.isPropertyDeclaration(member) ? member.initializer : undefined;
  return value !== undefined && (ts.isArrowFunction(value) || ts.isFunctionExpression(value));
}

const parse = (source, fileName) => ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);

/**
 * What the widget needs of Client4, read from `src/data/client.ts`: the names listed in
 * `CLIENT4_CALLS`, and the Client4 members its subclasses reach (their own members aside).
 */
export function widgetCalls(source, fileName = LIST_MODULE) {
  const file = parse(source, fileName);
  const declaration = file.statements
    .filter(ts.isVariableStatement)
    .flatMap((statement) => statement.declarationList.declarations)
    .find((d) => ts.isIdentifier(d.name) && d.name.text === LIST_NAME);
  let list = declaration?.initializer;
  while (list && (ts.isAsExpression(list) || ts.isSatisfiesExpression(list) || ts.isParenthesizedExpression(list)))
    list = list.expression;
  if (!list || !ts.isArrayLiteralExpression(list))
    throw new Client4TrimError(`${fileName}: no \`const ${LIST_NAME} = [...]\` found`);
  const listed = list.elements.map((element) => {
    if (!ts.isStringLiteralLike(element))
      throw new Client4TrimError(`${where(element)}: ${LIST_NAME} holds only member names in quotes`);
    return element.text;
  });
  const subclassUses = new Set();
  const subclasses = file.statements.filter(
    (s) =>
      ts.isClassDeclaration(s) &&
      s.heritageClauses?.some((clause) =>
        clause.types.some((type) => type.expression.getText().split('.').at(-1) === CLASS_NAME),
      ),
  );
  for (const subclass of subclasses) {
    const own = new Set(subclass.members.map(memberName));
    for (const name of memberReferences(subclass)) if (!own.has(name)) subclassUses.add(name);
  }
  return { listed, subclassUses: [...subclassUses] };
}

/**
 * Client4's module without the members unreachable from `listed` and `subclassUses`
 * (see widgetCalls). The constructor, fields that hold data and static members always stay,
 * and what they reach.
 */
export function trimClient4(source, { listed, subclassUses = [] }, fileName = 'client4.js') {
  const file = parse(source, fileName);
  const found = file.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === CLASS_NAME);
  if (!found)
    throw new Client4TrimError(
      `${fileName}: class ${CLASS_NAME} not found (has @mattermost/client changed its layout?)`,
    );
  const members = new Map();
  for (const member of found.members) {
    const name = memberName(member);
    if (name !== undefined) members.set(name, [...(members.get(name) ?? []), member]);
  }
  const unknown = [...listed, ...subclassUses].filter((name) => !members.has(name));
  if (unknown.length)
    throw new Client4TrimError(
      `${CLASS_NAME} has no member ${unknown.join(', ')} (named by ${LIST_NAME} or its subclass in src/data/client.ts)`,
    );

  const kept = new Set();
  const queue = [...listed, ...subclassUses];
  const keep = (member) => {
    kept.add(member);
    for (const name of memberReferences(member)) queue.push(name);
  };
  found.members.filter((member) => !isDroppable(member)).forEach(keep);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    // A name the class lacks belongs to a subclass, or is data set on the instance at run time.
    for (const member of members.get(name) ?? []) if (!kept.has(member)) keep(member);
  }

  const dropped = found.members.filter((member) => !kept.has(member));
  let code = '';
  let from = 0;
  for (const member of dropped) {
    code += source.slice(from, member.getFullStart());
    from = member.getEnd();
  }
  code += source.slice(from);
  return {
    code,
    kept: [...new Set(found.members.filter((member) => kept.has(member) && isDroppable(member)).map(memberName))],
    methods: found.members.filter(isDroppable).length,
    droppedBytes: Buffer.byteLength(source) - Buffer.byteLength(code),
  };
}

/** The esbuild plugin. `report` gets one line: how many members stay, which, and the bytes left out. */
export function trimClient4Plugin({ listModule = LIST_MODULE, report } = {}) {
  return {
    name: 'trim-client4',
    setup(build) {
      build.onLoad({ filter: CLIENT4_MODULE }, async ({ path }) => {
        const [source, list] = await Promise.all([readFile(path, 'utf8'), readFile(listModule, 'utf8')]);
        let trimmed;
        try {
          trimmed = trimClient4(source, widgetCalls(list, listModule), path);
        } catch (error) {
          // What to fix, without esbuild's stack of its own plugin machinery.
          if (error instanceof Client4TrimError) return { errors: [{ text: error.message }], watchFiles: [listModule] };
          throw error;
        }
        report?.(
          `Client4 in the page bundle: ${trimmed.kept.length} of ${trimmed.methods} methods kept, ` +
            `${(trimmed.droppedBytes / 1024).toFixed(1)} KB of ${(Buffer.byteLength(source) / 1024).toFixed(1)} KB source left out. Kept: ${trimmed.kept.join(', ')}`,
        );
        return { contents: trimmed.code, loader: 'js', watchFiles: [listModule] };
      });
    },
  };
}
