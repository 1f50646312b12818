// Workspace ESLint rules.
import routeNeedsPolicy from './route-needs-policy.js';

export default {
  meta: { name: 'dahe' },
  rules: { 'route-needs-policy': routeNeedsPolicy },
};
