/**
 * What a caller may see. The post's own staff see everything ('all'); a partner's credential sees
 * what concerns that partner: the programs it plays a role in (and what hangs off them), what it sent,
 * and its own credentials and audit rows. Resolved once per request from the caller (users/api-auth.ts)
 * and handed to every service that reads or writes on a partner's behalf.
 */
export type Scope = 'all' | PartnerScope;

export interface PartnerScope {
  partner: string;
  /** Programs where the partner plays a role: sponsor, payer, activation bank. */
  programs: readonly string[];
  /** Those of them it sponsors: where it may create requests, recipient imports and invitations. */
  sponsored: readonly string[];
}

/** How a caller means to use a program: look at it, or act for its sponsor. */
export type ProgramAccess = 'read' | 'sponsor';

/** Whether the scope holds the program; an item or request of no program is the post's own. */
export function seesProgram(scope: Scope, programCode: string | null, access: ProgramAccess = 'read'): boolean {
  if (scope === 'all') return true;
  if (programCode === null) return false;
  return (access === 'sponsor' ? scope.sponsored : scope.programs).includes(programCode);
}

/** Whether something of this partner's (a consignment it sent, a token, an audit row) is the caller's to see. */
export function seesPartner(scope: Scope, partner: string | null): boolean {
  return scope === 'all' || scope.partner === partner;
}

/** The partner a scope is limited to, or undefined for the post's own staff. */
export const scopedPartner = (scope: Scope): string | undefined => (scope === 'all' ? undefined : scope.partner);

/** The program codes a list must keep to, or undefined when it need not. */
export const scopedPrograms = (scope: Scope): readonly string[] | undefined => (scope === 'all' ? undefined : scope.programs);
