import { pickerMethods } from '../../shared/pickers';
import { lexofficePickers } from '../actions/pickers';
import { lexofficeClient } from '../transport';

/** One listSearch or loadOptions method per list of the picker table (`searchContacts`, `getPrintLayouts`…). */
export const methods = pickerMethods(lexofficePickers, lexofficeClient);
