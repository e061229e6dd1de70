// SPDX-License-Identifier: GPL-2.0-only
/* The program the VM benchmark executes: it only exits. */
int main(void)
{
	return 0;
}
