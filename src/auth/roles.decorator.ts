import { SetMetadata } from '@nestjs/common';
import type { Role } from '../shared/roles.js';

export const ROLES_KEY = 'kim:auth:roles';

/** The roles allowed on a route or controller; the AuthGuard answers 403 to anyone holding none of them. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
