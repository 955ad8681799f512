import { pickerMethods } from '../../shared/pickers';
import { bexioPickers } from '../actions/pickers';
import { bexioClient } from '../transport';

/** One listSearch or loadOptions method per list of the picker table (`searchContacts`, `getTaxes`…). */
export const methods = pickerMethods(bexioPickers, bexioClient);
