export const PACKAGE_NAME = '@voip/stun';
