export * from './errors.js';
export * from './subjects.js';
export * from './common/client-info.dto.js';
export * from './common/public-user.dto.js';
export * from './common/problem.dto.js';
export * from './common/session-ref.dto.js';
export * from './auth/auth.dto.js';
