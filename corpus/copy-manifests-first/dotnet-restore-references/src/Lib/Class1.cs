namespace Lib;
public class Class1 {}
