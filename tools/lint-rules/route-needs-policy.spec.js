// ESLint's RuleTester runs as jest tests (it uses the describe/it jest provides).
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import rule from './route-needs-policy.js';

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('route-needs-policy', rule, {
  valid: [
    'class C { @Authorize("read", "User") @Get() me() {} }',
    'class C { @Public() @Post("login") login() {} }',
    'class C { helper() {} }',
  ],
  invalid: [
    { code: 'class C { @Get() open() {} }', errors: [{ messageId: 'missing' }] },
    { code: 'class C { @Public() @Authorize("read", "User") @Delete() x() {} }', errors: [{ messageId: 'both' }] },
  ],
});
