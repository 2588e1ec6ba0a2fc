import { msg } from '../../i18n/message.js';
import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { AppError } from '../../errors.js';
import { createUserAccount, listUserAccounts, resetPassword, updateUser } from './manage-users.js';
import {
  ZCreateUserBody,
  ZPasswordReset,
  ZPasswordResetBody,
  ZUpdateUserBody,
  ZUserAccount,
  ZUserCreated,
  ZUserListQuery,
  ZUserPage,
  ZUserParams,
} from './user.schemas.js';

/** The people who sign in to the console, managed by the post's administrators (never by partners). */
export const userRoutes: ApiRoutes = (app, ctx) => {
  const who = (req: { caller?: { actor: string } }) => {
    // The /api/v1 hook sets the caller before any handler runs; without one the route was misregistered.
    if (!req.caller) throw new AppError('unauthorized', msg('access.noCaller'));
    return { actor: req.caller.actor, now: ctx.clock(), timeZone: ctx.config.timeZone };
  };

  app.get(
    '/users',
    {
      config: { permission: 'admin' },
      schema: {
        operationId: 'listUsers',
        tags: ['users'],
        summary: 'The console’s users by username, filtered by role, unit, partner and state; paged',
        querystring: ZUserListQuery,
        response: { 200: ZUserPage },
      },
    },
    async (req) => listUserAccounts(ctx.db, req.query, ctx.config.timeZone),
  );

  app.post(
    '/users',
    {
      config: { permission: 'admin' },
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary: 'Create a user who signs in to the console (as songda user create); audited as user.create',
        description:
          'Role partner needs partner (an existing partner code) and takes no unit; the other roles may name the unit the user works at. ' +
          'Without password, one is generated and answered once. 409 when the username is taken; 422 unknown_reference for an unknown partner or unit.',
        body: ZCreateUserBody,
        response: { 201: ZUserCreated, ...errorAnswers('conflict', 'unknown_reference') },
      },
    },
    async (req, reply) => reply.status(201).send(await createUserAccount(ctx.db, req.body, who(req))),
  );

  app.patch(
    '/users/:username',
    {
      config: { permission: 'admin' },
      schema: {
        operationId: 'updateUser',
        tags: ['users'],
        summary: 'Change a user’s role, unit, partner, display name, or disable / enable them; audited',
        description:
          'Audited as user.update (the fields, before and after), user.disable, user.enable. Disabling refuses the user’s next sign-in and ends every ' +
          'session at once; a role or partner change applies from their next request. 409 conflict for disabling oneself, or for disabling or ' +
          'demoting the last active admin user.',
        params: ZUserParams,
        body: ZUpdateUserBody,
        response: { 200: ZUserAccount, ...errorAnswers('not_found', 'conflict', 'unknown_reference') },
      },
    },
    async (req) => updateUser(ctx.store, req.params.username, req.body, who(req)),
  );

  app.post(
    '/users/:username/password',
    {
      config: { permission: 'admin' },
      schema: {
        operationId: 'resetUserPassword',
        tags: ['users'],
        summary: 'Set a user’s password, or generate one answered once; ends their sessions; audited as user.password_reset',
        params: ZUserParams,
        body: ZPasswordResetBody,
        response: { 200: ZPasswordReset, ...errorAnswers('not_found') },
      },
    },
    async (req) => resetPassword(ctx.store, req.params.username, req.body.password, who(req)),
  );
};
