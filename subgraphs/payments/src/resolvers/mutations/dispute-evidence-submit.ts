import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const disputeEvidenceSubmit: MutationResolvers['disputeEvidenceSubmit'] = async (_root, { input }, ctx) =>
  payload('dispute', await ctx.payments.submitDisputeEvidence(input));
