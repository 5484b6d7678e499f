/* main.c - the nnc driver (placeholder until the pipeline lands). */
#include <stdio.h>

int main(void)
{
    puts("nnc");
    return 0;
}
