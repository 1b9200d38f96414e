import "vue";
