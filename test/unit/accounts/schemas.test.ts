import { PasswordSchema, RegisterBodySchema } from '../../../shared/accounts/schemas';

describe('account schemas', () => {
  it.each([
    ['short', 'Too weak: use at least 8 characters'],
    ['zzzzzzzzzz', 'Too weak: more than one repeated character'],
    ['x'.repeat(129), 'Use at most 128 characters'],
  ])('refuses the password %j', (password, message) => {
    const result = PasswordSchema.safeParse(password);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it('takes a seed 003 body and refuses fields it does not know', () => {
    const body = { email: 'test@example.com', password: 'pass1234', full_name: ' Test User ' };
    expect(RegisterBodySchema.parse(body)).toEqual({ ...body, full_name: 'Test User' });
    expect(RegisterBodySchema.safeParse({ ...body, role: 'admin' }).success).toBe(false);
  });
});
