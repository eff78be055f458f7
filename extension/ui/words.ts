/** Plain words for staff: what was found, and why a recipient was refused (the shared vocabulary). */
export { reasonText, summarizeTypes, TYPE_LABEL } from '../../shared/vocabulary';
