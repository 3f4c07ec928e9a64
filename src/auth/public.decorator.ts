import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'kim:auth:public';

/** Marks a route (health, OpenAPI) that the global AuthGuard lets through without a token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
