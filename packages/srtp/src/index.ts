export const PACKAGE_NAME = '@voip/srtp';
