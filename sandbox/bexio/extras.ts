import type { Router } from '../core/http';
import { registerBanking } from './banking';
import { registerFiles } from './files';
import { registerPayroll } from './payroll';
import { registerPurchase } from './purchase';
import type { BexioTenant } from './store';

/** The 3.0/4.0 families beyond sales and accounting: files, purchase, banking, payroll. */
export function registerExtras(router: Router<BexioTenant>): void {
	registerFiles(router);
	registerPurchase(router);
	registerBanking(router);
	registerPayroll(router);
}
