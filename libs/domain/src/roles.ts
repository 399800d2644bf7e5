/** Who a person or API key is inside an alliance. */
export enum Role {
  COORDINATOR = 'COORDINATOR',
  MEMBER_ADMIN = 'MEMBER_ADMIN',
  MEMBER_ANALYST = 'MEMBER_ANALYST',
  PLATFORM_REVIEWER = 'PLATFORM_REVIEWER',
  PARTNER = 'PARTNER',
}

/** Scopes a partnership can grant to its users and API keys. */
export enum PartnerScope {
  DIRECTORY_READ = 'directory:read',
  STATS_READ = 'stats:read',
  INTEL_READ = 'intel:read',
  INTEL_AMBER = 'intel:amber',
  CASES_READ = 'cases:read',
  /** Push marketplace listings into the alliance's monitoring feed (a marketplace's or crawler's key). */
  LISTINGS_WRITE = 'listings:write',
}

export const ALL_PARTNER_SCOPES: readonly string[] = Object.values(PartnerScope);

/** What a member organisation's own API key (its crawler's) may be given: pushing listings, nothing else. */
export const MEMBER_KEY_SCOPES: readonly string[] = [PartnerScope.LISTINGS_WRITE];

/** What each role may do; partners get their partnership's scopes instead. */
export const ROLE_SCOPES: Record<Exclude<Role, Role.PARTNER>, readonly string[]> = {
  [Role.COORDINATOR]: ['directory:read', 'stats:read', 'intel:read', 'intel:amber', 'cases:read', 'alliance:admin'],
  [Role.MEMBER_ADMIN]: ['directory:read', 'stats:read', 'intel:read', 'intel:amber', 'cases:read', 'member:admin'],
  [Role.MEMBER_ANALYST]: ['directory:read', 'stats:read', 'intel:read', 'intel:amber', 'cases:read'],
  [Role.PLATFORM_REVIEWER]: ['directory:read', 'stats:read', 'takedowns:review'],
};

/** Membership statuses whose people have left the alliance's shared spaces (the directory, intelligence). */
const CUT_OFF = new Set(['SUSPENDED', 'LEFT', 'REJECTED']);
const SHARED_SPACES = new Set(['directory:read', 'intel:read', 'intel:amber']);

/**
 * A member organisation's people's scopes follow its membership: a suspended, departed or rejected
 * organisation's people lose the directory and every intelligence scope at once (what they may
 * still do is their own organisation's business). `membershipStatus` is undefined for people of
 * no member organisation (coordinators, reviewers).
 */
export function scopesOf(role: Exclude<Role, Role.PARTNER>, membershipStatus?: string | null): readonly string[] {
  const scopes = ROLE_SCOPES[role];
  if ((role !== Role.MEMBER_ADMIN && role !== Role.MEMBER_ANALYST) || !membershipStatus || !CUT_OFF.has(membershipStatus)) return scopes;
  return scopes.filter((s) => !SHARED_SPACES.has(s));
}
