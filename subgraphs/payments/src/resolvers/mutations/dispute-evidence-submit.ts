import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const disputeEvidenceSubmit: MutationResolvers['disputeEvidenceSubmit'] = async (_root, { input }, ctx) =>
  payload('dispute', await ctx.payments.submitDisputeEvidence(input));
