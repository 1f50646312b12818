// Every Nest route handler states who may call it: @Authorize(action, subject) or @Public().
// The global guard refuses undeclared routes at run time; this rule says so at review time.
const HTTP_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All']);
const POLICY_DECORATORS = new Set(['Authorize', 'Public']);

function decoratorName(decorator) {
  const expression = decorator.expression;
  if (expression.type === 'CallExpression' && expression.callee.type === 'Identifier') return expression.callee.name;
  if (expression.type === 'Identifier') return expression.name;
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Route handlers must carry @Authorize(…) or @Public()' },
    schema: [],
    messages: {
      missing: 'Route handler "{{name}}" has neither @Authorize(…) nor @Public(): say who may call it.',
      both: 'Route handler "{{name}}" has both @Authorize(…) and @Public(): pick one.',
    },
  },
  create(context) {
    return {
      MethodDefinition(node) {
        const names = (node.decorators ?? []).map(decoratorName).filter(Boolean);
        if (!names.some((name) => HTTP_METHODS.has(name))) return;
        const policies = names.filter((name) => POLICY_DECORATORS.has(name));
        const name = node.key.type === 'Identifier' ? node.key.name : '?';
        if (policies.length === 0) context.report({ node: node.key, messageId: 'missing', data: { name } });
        else if (policies.length > 1) context.report({ node: node.key, messageId: 'both', data: { name } });
      },
    };
  },
};
