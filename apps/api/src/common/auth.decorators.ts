import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../../../libs/domain/src/index.js';

export const IS_PUBLIC = 'countermark:public';
export const ROLES = 'countermark:roles';
export const SCOPES = 'countermark:scopes';

/** No credentials needed (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles may call it. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/** The caller needs every one of these scopes. */
export const Scopes = (...scopes: string[]) => SetMetadata(SCOPES, scopes);
