export {
  clearCookie,
  cookieNames,
  parseCookies,
  requestCookies,
  setCookie,
  type CookieSettings,
} from './cookies.js';
export { csrfTokenFor, csrfTokenMatches } from './csrf.js';
export { fieldErrors, formErrors, type FormErrors } from './form-errors.js';
export { qrSvg } from './qr.js';
export {
  createWebKit,
  formatDate,
  formatDateTime,
  safeNext,
  type NavItem,
  type WebKit,
  type WebKitOptions,
} from './web-kit.js';
export {
  acceptInvite,
  authenticatePerson,
  findInvitedPerson,
  newInvite,
  signInPerson,
  signOutPerson,
  type PeopleOptions,
  type PeopleStore,
  type PersonRecord,
  type PersonSession,
} from './people.js';
export { currentPerson, peoplePages, requirePerson } from './people-pages.js';
export {
  type Colour,
  describeRequirements,
  type RequirementLine,
  type RequirementResultLike,
} from './readiness.js';
