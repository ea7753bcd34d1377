// The logo of a hosted UI (classic) customization, at the ImageUrl GetUICustomization returns.
// AWS serves it from its CDN; cognate serves it on its own endpoint, beside the other public pages
// (outside /_cognate/: a sign-in page of any site may show it). An older version's URL no longer
// answers, as the CSSVersion in the path has moved on.
import type { Route } from '../../../kernel/route.js';
import { sendPage } from '../../../kernel/page.js';
import type { Deps } from '../../context.js';
import { ownUiCustomization, UI_ASSET_PREFIX } from './ui-customization.js';

const PATH = new RegExp(`^${UI_ASSET_PREFIX}([\\w-]+_[0-9a-zA-Z]+)/([\\w+]+)/(\\d{14})/assets/images/image\\.jpg$`);

export function uiAssetRoute(deps: Deps): Route {
  return {
    method: 'GET',
    path: PATH,
    async handle(_req, res, url) {
      const [, poolId, clientId, version] = PATH.exec(url.pathname) ?? [];
      const row = poolId ? await ownUiCustomization(deps.store.db, poolId, clientId) : undefined;
      if (!row || row.version !== version || row.image === null || row.image_type === null)
        return sendPage(res, 404, 'Not found', 'No such image.');
      const body = Buffer.from(row.image, 'base64');
      res.writeHead(200, {
        'Content-Type': row.image_type,
        'Content-Length': body.length,
        'Cache-Control': 'public, max-age=31536000, immutable',
      });
      res.end(body);
    },
  };
}
