import type { Actor } from '@digital-post/event-store';
import type { operatorHeadersSchema } from '@digital-post/service-kit';
import type { z } from 'zod';

// Who is operating: the header the platform sets from the verified operator token.
export { operatorHeadersSchema } from '@digital-post/service-kit';

export const operatorActor = (headers: z.infer<typeof operatorHeadersSchema>): Actor => ({
  kind: 'operator',
  id: headers['x-operator'],
});
