#include <stdio.h>
int main(void) { puts("layerfix"); return 0; }
