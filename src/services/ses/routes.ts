// cognate's own SES endpoints: the link in verification emails, and what an operator does that
// AWS does behind its console (domain checks, production access reviews):
//   GET  /_cognate/ses/verify-email?account=&region=&identity=&token=   the verification link
//   POST /_cognate/ses/verify-domain?account=&region=&domain=[&status=]  look the domain's records up now
//                                                                        (or set Success/Failed/TemporaryFailure)
//   POST /_cognate/ses/review?account=&region=&decision=grant|deny      decide a production access request
import { OperatorError, sendJson, type Route } from '../../kernel/route.js';
import type { Deps } from '../context.js';
import { verifyEmailRoute } from './verify-email.js';
import { checkDomain, setDomainStatus } from './domain-check.js';
import { decideReview } from './account.js';

function scopeParams(url: URL, deps: Deps): { account: string; region: string } {
  return {
    account: url.searchParams.get('account') || deps.config.defaultAccount,
    region: url.searchParams.get('region') || 'us-east-1',
  };
}

export function sesRoutes(deps: Deps): Route[] {
  return [
    verifyEmailRoute(deps),
    {
      method: 'POST',
      path: '/_cognate/ses/verify-domain',
      async handle(_req, res, url) {
        const scope = scopeParams(url, deps);
        const domain = url.searchParams.get('domain');
        if (!domain) throw new OperatorError(400, 'bad_request', 'domain is required');
        const status = url.searchParams.get('status');
        const result = status
          ? await setDomainStatus(deps, scope, domain, status)
          : await checkDomain(deps, scope, domain);
        // setDomainStatus finds nothing for a status it does not know, and says so in errorType.
        if (!result.found && status && result.errorType)
          throw new OperatorError(
            400,
            'bad_request',
            `status must be Success, Failed, TemporaryFailure or Pending, not '${status}'`,
          );
        if (!result.found)
          throw new OperatorError(
            404,
            'not_found',
            `no domain identity ${domain} in account ${scope.account}, Region ${scope.region}`,
          );
        sendJson(res, 200, result);
      },
    },
    {
      method: 'POST',
      path: '/_cognate/ses/review',
      async handle(_req, res, url) {
        const scope = scopeParams(url, deps);
        const decision = url.searchParams.get('decision');
        if (decision !== 'grant' && decision !== 'deny')
          throw new OperatorError(400, 'bad_request', 'decision must be grant or deny');
        const decided = await decideReview(deps.store.db, scope, decision === 'grant', deps.now());
        if (!decided)
          throw new OperatorError(
            409,
            'conflict',
            `no production access request is pending for ${scope.account} in ${scope.region}`,
          );
        sendJson(res, 200, { ...scope, review: decision === 'grant' ? 'GRANTED' : 'DENIED' });
      },
    },
  ];
}
