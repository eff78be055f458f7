/** Site rule → adapter. Sites never import each other; this is the one place that knows them all. */
import type { SiteRule } from '../../shared/policy';
import { createFaxAdapter } from './fax-portal';
import { createFormAdapter } from './generic-form';
import { createGmailAdapter } from './gmail';
import { createOutlookAdapter } from './outlook';
import type { SiteAdapter } from './types';
import { createWebmailAdapter } from './webmail';

export function adapterFor(rule: SiteRule): SiteAdapter {
  switch (rule.adapter) {
    case 'gmail':
      return createGmailAdapter();
    case 'outlook':
      return createOutlookAdapter();
    case 'fax':
      return createFaxAdapter();
    case 'form':
      return createFormAdapter(rule.organization);
    case 'webmail':
      return createWebmailAdapter();
  }
}

export type { Compose, SiteAdapter } from './types';
