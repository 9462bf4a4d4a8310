export const PACKAGE_NAME = '@voip/sdp-crypto';
