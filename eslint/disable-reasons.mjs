// A local rule: every `eslint-disable…` comment says why on its own line (`// eslint-disable-next-line rule -- why`),
// so a reader (and a reviewer) sees what made the rule wrong there. ESLint itself does not require the reason.
export const disableReasonsPlugin = {
  meta: { name: 'shop-comments' },
  rules: {
    'disable-needs-reason': {
      meta: {
        type: 'suggestion',
        docs: { description: 'Every eslint-disable comment gives its reason after ` -- `.' },
        schema: [],
        messages: { reason: 'Say why on the same line: `eslint-disable-next-line <rule> -- <why>`.' },
      },
      create(context) {
        return {
          Program() {
            for (const comment of context.sourceCode.getAllComments()) {
              const text = comment.value.trim();
              if (/^eslint-disable(-next-line|-line)?(\s|$)/.test(text) && !/\s--\s*\S/.test(text)) {
                context.report({ loc: comment.loc, messageId: 'reason' });
              }
            }
          },
        };
      },
    },
  },
};
