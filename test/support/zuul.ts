/**
 * What Zuul's `zuul_return` takes for comments on the change, as Zuul documents it (job content, "Leaving file
 * comments" and "Leaving warnings"): `zuul.file_comments` maps a path in the project to a list of comments, each with
 * an integer `line`, a `message`, an optional `level` (info, warning, error) and an optional `range`
 * (start_line, start_character, end_line, end_character); `zuul.warnings` is a list of strings.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';

const SCHEMA = {
  type: 'object',
  required: ['zuul'],
  properties: {
    zuul: {
      type: 'object',
      required: ['file_comments'],
      properties: {
        file_comments: {
          type: 'object',
          // Paths relative to the project: not absolute, no `..`, no leading `./`.
          propertyNames: { not: { pattern: '^(/|\\./|\\.\\./)|/\\.\\./' } },
          additionalProperties: {
            type: 'array',
            items: {
              type: 'object',
              required: ['line', 'message'],
              properties: {
                line: { type: 'integer', minimum: 1 },
                message: { type: 'string', minLength: 1 },
                level: { enum: ['info', 'warning', 'error'] },
                range: {
                  type: 'object',
                  required: ['start_line', 'start_character', 'end_line', 'end_character'],
                  properties: {
                    start_line: { type: 'integer' },
                    start_character: { type: 'integer' },
                    end_line: { type: 'integer' },
                    end_character: { type: 'integer' },
                  },
                  additionalProperties: false,
                },
              },
              additionalProperties: false,
            },
          },
        },
        warnings: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(SCHEMA);

/** Problems with `data` as zuul_return data ([] when it is what Zuul documents). */
export function zuulReturnProblems(data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
