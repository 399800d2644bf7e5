import { Foundation1763859600000 } from './1763859600000-foundation.js';
import { RateLimit1763863200000 } from './1763863200000-rate-limit.js';
import { Intelligence1763866800000 } from './1763866800000-intelligence.js';
import { IntelCollaboration1763870400000 } from './1763870400000-intel-collaboration.js';
import { ImportJobs1763874000000 } from './1763874000000-import-jobs.js';
import { IndicatorQualifier1763877600000 } from './1763877600000-indicator-qualifier.js';
import { TitleSearchGist1763881200000 } from './1763881200000-title-search-gist.js';
import { ImportWritePath1763884800000 } from './1763884800000-import-write-path.js';
import { TitleSearchGin1763892000000 } from './1763892000000-title-search-gin.js';
import { Jobs1764979200000 } from './1764979200000-jobs.js';
import { ImportFileRetention1764982800000 } from './1764982800000-import-file-retention.js';
import { SessionRevocation1764986400000 } from './1764986400000-session-revocation.js';
import { AuditSealedActor1764990000000 } from './1764990000000-audit-sealed-actor.js';
import { TenantKeys1764993600000 } from './1764993600000-tenant-keys.js';
import { Takedown1764997200000 } from './1764997200000-takedown.js';
import { TakedownSla1765000800000 } from './1765000800000-takedown-sla.js';
import { IpRights1765004400000 } from './1765004400000-ip-rights.js';
import { CounterNotices1765008000000 } from './1765008000000-counter-notices.js';
import { TakedownDeliveries1765011600000 } from './1765011600000-takedown-deliveries.js';
import { TrustedComplainants1765015200000 } from './1765015200000-trusted-complainants.js';
import { TakedownArchivePrivacy1765018800000 } from './1765018800000-takedown-archive-privacy.js';
import { TakedownBulk1765022400000 } from './1765022400000-takedown-bulk.js';
import { TakedownEmail1765104000000 } from './1765104000000-takedown-email.js';
import { DerivedKeys1765300000000 } from './1765300000000-derived-keys.js';
import { TakedownScreenshots1765600000000 } from './1765600000000-takedown-screenshots.js';
import { StrikeLadder1765500000000 } from './1765500000000-strike-ladder.js';

/** Every migration, in order. Passed as classes so Jest and the built app run the same list. */
export const migrations = [Foundation1763859600000, RateLimit1763863200000, Intelligence1763866800000, IntelCollaboration1763870400000, ImportJobs1763874000000, IndicatorQualifier1763877600000, TitleSearchGist1763881200000, ImportWritePath1763884800000, TitleSearchGin1763892000000, Jobs1764979200000, ImportFileRetention1764982800000, SessionRevocation1764986400000, AuditSealedActor1764990000000, TenantKeys1764993600000, Takedown1764997200000, TakedownSla1765000800000, IpRights1765004400000, CounterNotices1765008000000, TakedownDeliveries1765011600000, TrustedComplainants1765015200000, TakedownArchivePrivacy1765018800000, TakedownBulk1765022400000, TakedownEmail1765104000000, DerivedKeys1765300000000, StrikeLadder1765500000000, TakedownScreenshots1765600000000];
