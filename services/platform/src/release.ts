/** The release this code is, recorded on routing's decisions: the package's version when run by pnpm. */
export const routingRelease = (): string => process.env.npm_package_version ?? 'development';
