import { detectEach } from '../shared/detect/index';
import { agencyMail } from '../test/corpus/generate';
const MB = 1 << 20;
const text = agencyMail(8 * MB);
let n = 0;
for (let r = 0; r < 8; r++) detectEach(text, () => n++);
