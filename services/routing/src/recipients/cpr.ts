/** Authority ids are chosen by the platform; kept to a safe alphabet since they end up in paths. */
export const isValidAuthorityId = (id: string): boolean => /^[a-z0-9][a-z0-9._-]{0,63}$/i.test(id);
