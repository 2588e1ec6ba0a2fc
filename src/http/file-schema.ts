import { Readable } from 'node:stream';
import { z } from 'zod';

/** A file answered as a stream, as the API description shows it: binary, with what it holds. */
export const fileStream = (description: string) => z.custom<Readable>((v) => v instanceof Readable).meta({ type: 'string', format: 'binary', description });
