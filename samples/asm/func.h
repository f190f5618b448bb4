/* The assembler samples' FUNC: an exported function symbol.
 * #included by every .S file of samples/asm. */
	.macro FUNC name
	.globl \name
	.type \name, @function
\name:
	.endm
